"""``python -m central_server``: the same as the ``cjpay-central`` command."""

from central_server.cli import main

raise SystemExit(main())
