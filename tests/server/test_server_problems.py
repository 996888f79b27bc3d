"""problem+json for every error, FastAPI's own included; the OpenAPI document."""

from __future__ import annotations

from server_support import Harness, assert_problem


def test_unknown_paths_are_404_problems(harness: Harness):
    body = assert_problem(harness.client.get("/v1/nothing-here"), 404, "not_found")
    assert body["title"] == "Not Found"


def test_wrong_methods_are_405_problems(harness: Harness):
    response = harness.client.delete("/v1/health")
    assert_problem(response, 405, "method_not_allowed")
    assert response.headers["allow"] == "GET"


def test_validation_errors_are_422_problems_with_the_fields(harness: Harness):
    response = harness.client.post(
        "/v1/devices", json={"merchant_id": 5, "enrolment_code": "X", "device_name": ""}
    )
    body = assert_problem(response, 422, "invalid_request")
    locations = {tuple(error["loc"]) for error in body["errors"]}
    assert ("body", "merchant_id") in locations
    assert ("body", "device_name") in locations


def test_non_json_bodies_are_422_problems(harness: Harness):
    response = harness.client.post(
        "/v1/devices", content=b"{", headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 422, "invalid_request")


def test_the_openapi_document_describes_the_api(harness: Harness):
    response = harness.client.get("/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Cheongju Pay central server (reference)"
    assert document["info"]["description"]
    paths = document["paths"]
    for path in (
        "/v1/health",
        "/v1/keys",
        "/v1/devices",
        "/v1/devices/{device_id}/journal",
        "/v1/devices/{device_id}/changes",
        "/v1/wallets/{wallet_id}/codes",
        "/v1/media/{sha256}",
        "/v1/shop/listings",
        "/v1/shop/orders",
        "/v1/shop/orders/{order_id}/cancel",
        "/v1/admin/listings/{listing_id}/review",
    ):
        assert path in paths
    assert set(paths["/v1/media/{sha256}"]) == {"put", "head", "get"}
    upload = paths["/v1/media/{sha256}"]["put"]
    assert set(upload["requestBody"]["content"]) == {"image/jpeg", "image/png"}
    assert set(upload["responses"]) >= {"200", "201", "401", "413", "415", "422"}
    place = paths["/v1/shop/orders"]["post"]
    assert set(place["responses"]) >= {"201", "402", "404", "409", "422"}
    assert "application/problem+json" in place["responses"]["402"]["content"]
    assert {"OrderIn", "OrderOut", "ShopListingsOut", "ListingStatusOut"} <= set(
        document["components"]["schemas"]
    )
    push = paths["/v1/devices/{device_id}/journal"]["post"]
    assert push["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/JournalPushIn"
    }
    schemas = document["components"]["schemas"]
    assert {"JournalPushIn", "JournalEventIn", "Problem", "JournalConflictOut"} <= set(schemas)
    assert "DeviceToken" in document["components"]["securitySchemes"]
    assert set(push["responses"]) >= {"200", "401", "403", "409", "413", "422"}
    conflict = push["responses"]["409"]["content"]
    assert conflict == {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/JournalConflictOut"}}
    }
