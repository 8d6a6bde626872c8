"""Measuring the rules: agreement with labelled manifests, the metrics behind it, confidence calibration and
the checklist lint."""
