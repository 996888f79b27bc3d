"""Write the self-test's bundled assets (pos_app/resources/selftest/) from the shared vectors.

    uv run python tools/make_selftest_assets.py [../shared/vectors/cpm_tokens_v1.json]

The frozen app checks itself against these (``cjpay-pos --self-test``): one valid payment
code and one expired one with the issuer's public key (never a private seed), and the valid
code drawn as a QR picture for each decoder to read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import qrcode

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "pos_app" / "resources" / "selftest"


def main() -> None:
    source = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else ROOT.parent / "shared/vectors/cpm_tokens_v1.json"
    )
    vectors = json.loads(source.read_text("utf-8"))
    chosen = [t for t in vectors["tokens"] if t["name"] in ("valid", "expired")]
    public = [
        {k: v for k, v in key.items() if k != "private_seed_hex"} for key in vectors["issuer_keys"]
    ]
    bundle = {"issuer_keys": public, "tokens": chosen}
    (OUT / "cpm_vectors.json").write_text(
        json.dumps(bundle, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    valid = next(t for t in chosen if t["name"] == "valid")
    image = qrcode.make(valid["text"], box_size=6, border=4)
    image.save(OUT / "payment_code.png")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
