"""jupyship's model serving: the runtime image serves a notebook's champion model over HTTP
(image/start serve), following the champion pointer in the store. See docs/serving.md."""
