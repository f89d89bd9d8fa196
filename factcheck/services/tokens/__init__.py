"""Personal access tokens: made and revoked by their owner on the account
page, checked on every API request."""
