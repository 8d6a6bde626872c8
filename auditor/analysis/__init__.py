"""The domain reading of a document that the checklist's rules use: sentences, passages, number and date
patterns, goals and their SMART reading, document type, metadata and readability. Imports nothing from
`auditor.engine`."""
