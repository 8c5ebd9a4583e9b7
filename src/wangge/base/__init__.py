"""The shared layer every app imports: never an app, never the project."""
