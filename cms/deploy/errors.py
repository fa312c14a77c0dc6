"""The one error a deploy raises: an Italian message for whoever runs the command."""


class DeployError(Exception):
    """The deploy stopped; the message says why and what to do, in Italian.

    Raised before anything changed on the host, or (for a failure half-way through an upload)
    with the old pages still served: see each target's docstring for what it guarantees.
    """
