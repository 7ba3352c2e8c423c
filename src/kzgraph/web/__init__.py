"""The read-only linked-data server."""
