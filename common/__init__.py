"""Small library shared by every Zhanggui service: settings loading and log masking."""
