"""Static assets of the web explorer, served locally (no CDN)."""
