-- Precheck WARNINGs the user accepted (comma-separated check ids); they stay accepted on re-runs.
ALTER TABLE task ADD COLUMN ignored_checks text NOT NULL DEFAULT '';
