"""The HTTP face of serving, a Starlette app:

    POST /predict    {"rows": [...]} -> {"predictions": [...], "run": ..., "model": ...}
    GET  /healthz    the process answers
    GET  /readyz     200 once a model is loaded and checked, else 503 with the reason
    GET  /metadata   the run served: notebook, commit, parameters, snapshots, metrics; the last refusal
    GET  /metrics    Prometheus: requests and latencies by model version, swaps, refusals
"""
import json
import time

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, disable_created_metrics
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .interface import InterfaceError

# no *_created series beside every counter and histogram: scrapers have the times already
disable_created_metrics()

MAX_BODY_BYTES = 16 * 1024 * 1024
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Json(JSONResponse):
    def render(self, content):
        # NaN and infinity are not JSON: a model that answers them is told so, never a broken body sent
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def error(status, message, **headers):
    return Json({"error": message}, status_code=status, headers=headers or None)


def create_app(serving):
    registry = CollectorRegistry()
    requests = Counter("jupyship_predict_requests", "Prediction requests, by the run whose model answered and outcome",
                       ["model", "run", "outcome"], registry=registry)
    latency = Histogram("jupyship_predict_seconds", "Time to answer a prediction request, by the run whose model answered",
                        ["model", "run"], buckets=LATENCY_BUCKETS, registry=registry)
    rows_total = Counter("jupyship_predict_rows", "Rows predicted, by run", ["model", "run"], registry=registry)
    swaps = Gauge("jupyship_model_swaps", "Models swapped in since start (the first load counts)", registry=registry)
    refusals = Gauge("jupyship_model_refused", "1 while the last champion seen was refused (serving keeps the one before)",
                     registry=registry)
    served = Gauge("jupyship_model_info", "The run being served (value 1)", ["model", "run"], registry=registry)
    model = serving.model_name

    async def predict(request):
        started = time.perf_counter()
        version = serving.current
        if version is None:
            requests.labels(model, "", "unavailable").inc()
            reason = serving.refused["reason"] if serving.refused else "no model is loaded yet"
            return error(503, "no model to serve: " + reason, **{"Retry-After": "5"})
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            requests.labels(model, version.run, "bad_input").inc()
            return error(413, "the request body is %d bytes, more than the %d allowed" % (len(body), MAX_BODY_BYTES))
        try:
            payload = json.loads(body)
        except ValueError as problem:
            requests.labels(model, version.run, "bad_input").inc()
            return error(400, "the body is not JSON: %s" % problem)
        if not isinstance(payload, dict) or "rows" not in payload:
            requests.labels(model, version.run, "bad_input").inc()
            return error(400, "expected a JSON object {\"rows\": [...]}")
        rows = payload["rows"]
        try:
            version.interface.check_rows(rows)
        except InterfaceError as problem:
            requests.labels(model, version.run, "bad_input").inc()
            return error(400, str(problem))
        try:
            predictions = await run_in_threadpool(version.answer, rows)
            response = Json({"predictions": predictions, "run": version.run, "model": model},
                            headers={"X-Jupyship-Run": version.run})
        except Exception as problem:  # the model's own error, or an answer that is not one JSON prediction per row
            requests.labels(model, version.run, "error").inc()
            return error(500, "the model of run %s failed: %s: %s" % (version.run, type(problem).__name__, problem))
        requests.labels(model, version.run, "ok").inc()
        rows_total.labels(model, version.run).inc(len(rows))
        latency.labels(model, version.run).observe(time.perf_counter() - started)
        return response

    async def healthz(request):
        return Json({"status": "ok"})

    async def readyz(request):
        version = serving.current
        if version is None:
            reason = serving.refused["reason"] if serving.refused else "no model is loaded yet"
            return Json({"ready": False, "reason": reason}, status_code=503)
        return Json({"ready": True, "run": version.run, "model": model})

    async def metadata(request):
        version = serving.current
        return Json({
            "serving": version.metadata if version else None,
            "loaded_at": version.loaded_at if version else None,
            "following": None if serving.fixed_run else {"pointer": serving.pointer_key(), "poll_seconds": serving.poll_seconds,
                                                         "champion": serving.champion},
            "refused": serving.refused,
            "swaps": serving.swaps,
        })

    async def metrics(request):
        served.clear()
        version = serving.current
        if version is not None:
            served.labels(model, version.run).set(1)
        swaps.set(serving.swaps)
        refusals.set(1 if serving.refused and serving.refused.get("run") else 0)
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return Starlette(routes=[
        Route("/predict", predict, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/metadata", metadata, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
    ])
