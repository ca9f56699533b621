// Replaced by the case store.
