"""What every request of a logged-in person asks of the database before its page: the person, read
with their memberships (the scope every access check reads) in one query, by regions.backends.
The session itself is in the cache. Pinned counts are this plus what the page asks."""

SESSION_QUERIES = 1
