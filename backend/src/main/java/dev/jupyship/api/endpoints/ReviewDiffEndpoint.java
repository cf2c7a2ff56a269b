package dev.jupyship.api.endpoints;

import dev.jupyship.api.ApiRequest;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import dev.jupyship.review.NotebookHistory;
import dev.jupyship.review.ReviewDiff;
import java.nio.file.Path;

/**
 * {@code GET /api/review/diff?path=nb.ipynb[&from=HEAD][&to=WORKTREE]}: the review diff of a
 * workspace notebook between two revisions, as JSON ({@link ReviewDiff}). {@code POST} with the
 * notebook in the body diffs {@code from} against that body instead (what an editor has, saved or
 * not); the answer's {@code to} is then {@value ReviewDiff#EDITOR}.
 * <pre>curl -s 'http://127.0.0.1:8765/api/review/diff?path=train.ipynb&from=main'</pre>
 */
public final class ReviewDiffEndpoint implements Endpoint {

    private final boolean posted;

    /** @param posted whether the newer side is the request body */
    public ReviewDiffEndpoint(boolean posted) {
        this.posted = posted;
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        String named = request.requiredQuery("path");
        Path file = request.workspace().resolve(named);
        request.checkFileSize(file, named);
        try (NotebookHistory history = NotebookHistory.open(file)) {
            String path = history.repositoryPath(file);
            String from = request.query("from", "HEAD");
            if (posted) {
                return ApiResponse.json(ReviewDiff.against(history, path, from, request.body()));
            }
            return ApiResponse.json(ReviewDiff.between(history, path, from, request.query("to", NotebookHistory.WORKING_TREE)));
        }
    }
}
