"""Record linkage: Splink settings, training, clustering, decisions and stable person ids."""
