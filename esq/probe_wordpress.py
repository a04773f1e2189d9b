"""`esq probe` on a WordPress REST answer (``/wp-json/wp/v2/<type>``): a ``wordpress`` entry
mapping the title and the ACF/meta fields by their names."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from esq.adapters.wordpress import value_at
from esq.probe_fields import guess_target, skeleton, slug

WP_SKIP = {"id", "date", "date_gmt", "guid", "modified", "modified_gmt", "slug", "status", "type"}
WP_SKIP |= {"link", "template", "author", "featured_media", "comment_status", "ping_status"}
WP_SKIP |= {"sticky", "format", "_links", "class_list", "yoast_head", "yoast_head_json"}


def wordpress_entry(
    posts: list[dict[str, Any]], url: str, source_id: str
) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    """(entry, first rows, notes) for a WordPress REST answer: title and ACF/meta fields."""
    parts = urlsplit(url)
    path = parts.path
    base, _, post_type = path.partition("/wp-json/wp/v2/")
    entry = skeleton(source_id, "wordpress")
    entry["endpoint"] = {
        "base_url": f"{parts.scheme}://{parts.netloc}{base}".rstrip("/"),
        "type": post_type.strip("/") or "posts",
        "per_page": 100,
    }
    fields: dict[str, str] = {"name": "title.rendered"}
    for key, value in posts[0].items():
        if key in WP_SKIP or key == "title":
            continue
        if key in ("acf", "meta") and isinstance(value, dict):
            for sub in value:
                fields.setdefault(slug(sub), f"{key}.{sub}")
        elif key == "content":
            continue  # long text, rarely a field
        elif not isinstance(value, dict | list):
            fields.setdefault(slug(key), key)
    entry["options"] = {"fields": fields}
    mapping: dict[str, str] = {"name": "name"}
    for column in fields:
        target = guess_target(column, "")
        if target and target not in mapping:
            mapping[target] = column
    mapping["website"] = mapping.get("website", "wp:link")
    entry["mapping"] = mapping
    entry["record_key"] = ["wp:id"]
    rows = [_wp_row(p, fields) for p in posts[:5]]
    return entry, rows, ["X-WP-TotalPages paging; review the guessed mapping"]


def _wp_row(post: dict[str, Any], fields: dict[str, str]) -> dict[str, Any]:
    return {"wp:id": post.get("id"), **{c: value_at(post, p) for c, p in fields.items()}}
