"""The kernel every app stands on: list pages, downloads, imports, formats, documents, widgets,
middleware, mail, history and background jobs. It imports no app of the project."""
