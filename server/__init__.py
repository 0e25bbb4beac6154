"""District Desk reference regional server (FastAPI); imports only app.sync.protocol."""
