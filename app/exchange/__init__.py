"""Moving data by hand: signed snapshot files (and USB exchange bundles)."""
