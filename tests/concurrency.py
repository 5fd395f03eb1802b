"""Two people at once: calls run in threads of their own, each with its own database connection."""

import threading

from django.db import close_old_connections, connection


def at_once(*calls):
    """Run each call in its own thread and database connection, released together; the outcome of each."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = ("ok", call())
        except Exception as error:  # the refusal is what the test looks at
            outcomes[index] = ("refused", error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes
