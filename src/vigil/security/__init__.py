"""Protection of people: field sealing (AES-256-GCM), password hashing, roles and permissions."""
