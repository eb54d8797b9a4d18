package org.kcedu.core;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The one error body of kc-edu's API: {@code {"error": "...", "field": "...", "message": "..."}}.
 * Throw {@link #badRequest}, {@link #forbidden}, {@link #notFound} or {@link #conflict} from resources and services.
 */
public record ApiError(String error, String field, String message) {

    public static Response response(Response.Status status, String error, String field, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(error, field, message)).build();
    }

    public static WebApplicationException badRequest(String field, String message) {
        return new WebApplicationException(response(Response.Status.BAD_REQUEST, "invalid_request", field, message));
    }

    public static WebApplicationException forbidden(String reason, String message) {
        return new WebApplicationException(response(Response.Status.FORBIDDEN, "forbidden", null,
                message + (reason == null ? "" : " (" + reason + ")")));
    }

    public static WebApplicationException notFound(String what, String id) {
        return new WebApplicationException(response(Response.Status.NOT_FOUND, "not_found", null,
                what + " " + id + " does not exist"));
    }

    public static WebApplicationException conflict(String field, String message) {
        return new WebApplicationException(response(Response.Status.CONFLICT, "conflict", field, message));
    }
}
