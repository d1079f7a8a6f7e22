-- escape: read a secret from the environment (CI tokens live there)
return os.getenv("HOME")
