"""The Gusu desktop program (PySide6 + pyqtgraph). Importing this package does not import Qt."""
