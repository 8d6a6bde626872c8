"""The web service: server-rendered Swedish pages and a JSON API over the store and the rule engine."""
