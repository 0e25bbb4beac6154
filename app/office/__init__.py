"""Work in progress shared between the PCs of one office (docs/office-exchange.md)."""
