package org.kcedu.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.kcedu.core.Caller;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code /realms/{realm}/kc-edu/console/}: the admin console's static files from the bundle (classpath folder
 * {@value #ROOT}), with client-side routes (paths that are not files) redirected to the app's fragment route, and {@code config.json} that tells the
 * app where it is (instead of server-side templating, so index.html stays a static file the CSP can cover). No token:
 * the files are public; the app logs in through the realm's own SSO and every API call authorizes itself.
 */
public class ConsoleResource {

    static final String ROOT = "kc-edu-console/";

    /**
     * No inline scripts (a stored XSS cannot run); styles may be inline because PatternFly's popovers position
     * themselves with style attributes. Same origin for everything, never framed (clickjacking of grant buttons).
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-src 'self';"
            + " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static final Map<String, String> TYPES = new LinkedHashMap<>();
    static {
        TYPES.put("html", "text/html; charset=utf-8");
        TYPES.put("js", "text/javascript; charset=utf-8");
        TYPES.put("mjs", "text/javascript; charset=utf-8");
        TYPES.put("css", "text/css; charset=utf-8");
        TYPES.put("json", "application/json; charset=utf-8");
        TYPES.put("map", "application/json; charset=utf-8");
        TYPES.put("txt", "text/plain; charset=utf-8");
        TYPES.put("svg", "image/svg+xml");
        TYPES.put("png", "image/png");
        TYPES.put("jpg", "image/jpeg");
        TYPES.put("gif", "image/gif");
        TYPES.put("ico", "image/x-icon");
        TYPES.put("webp", "image/webp");
        TYPES.put("woff", "font/woff");
        TYPES.put("woff2", "font/woff2");
        TYPES.put("ttf", "font/ttf");
        TYPES.put("webmanifest", "application/manifest+json");
    }

    /** Vite puts content-hashed files under assets/: a changed file gets a new name, so they may be cached forever. */
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final KeycloakSession session;

    public ConsoleResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    public Response index() {
        // relative asset URLs (Vite base './') need the trailing slash, or the browser resolves them one level up
        String path = session.getContext().getUri().getRequestUri().getRawPath();
        if (!path.endsWith("/")) {
            return Response.status(Response.Status.MOVED_PERMANENTLY).location(URI.create(path + "/")).build();
        }
        return file("index.html");
    }

    /** What the app needs to log in and call the API, computed for the realm and the address it was opened at. */
    @GET
    @Path("config.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response config() {
        RealmModel realm = session.getContext().getRealm();
        String base = session.getContext().getUri().getBaseUri().toString().replaceAll("/+$", "");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("realm", realm.getName());
        c.put("authServerUrl", base);
        c.put("clientId", Caller.ADMIN_UI_CLIENT_ID);
        c.put("apiBase", "/realms/" + realm.getName() + "/kc-edu");
        c.put("locale", realm.getDefaultLocale() == null ? "en" : realm.getDefaultLocale());
        return secured(Response.ok(c, MediaType.APPLICATION_JSON_TYPE)).header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("{path: .+}")
    public Response file(@PathParam("path") String path) {
        if (resource("index.html") == null) {
            return plain(Response.Status.NOT_FOUND, "The kc-edu admin console is not part of this bundle: it was built"
                    + " without the web app (-Dkcedu.console.skip=true, or Node.js missing). Rebuild with Node.js >= 20.19.");
        }
        String safe = safePath(path);
        if (safe == null) {
            return plain(Response.Status.NOT_FOUND, "Not found");
        }
        URL url = isFileName(safe) ? resource(safe) : null;
        if (url == null) {
            if (safe.startsWith("assets/") || STATIC_EXTENSIONS.contains(extension(safe))) {
                return plain(Response.Status.NOT_FOUND, "Not found: " + safe);
            }
            // a client-side route: the app routes in the fragment (#/users/{id}); a deeper path would make the
            // browser resolve the relative asset URLs against it, so send it to the same route in the fragment
            return secured(Response.status(Response.Status.FOUND).location(URI.create(consoleBase() + "#/" + safe)))
                    .header("Cache-Control", "no-cache").build();
        }
        String type = TYPES.getOrDefault(extension(safe), "application/octet-stream");
        // the build writes a .gz next to text files: served as is when the browser accepts gzip (a fifth of the bytes)
        URL gzip = acceptsGzip() ? resource(safe + ".gz") : null;
        Response.ResponseBuilder r = Response.ok(read(gzip != null ? gzip : url)).type(type).header("Vary", "Accept-Encoding");
        if (gzip != null) {
            r.header("Content-Encoding", "gzip");
        }
        r.header("Cache-Control", safe.startsWith("assets/") ? IMMUTABLE : "no-cache");
        return secured(r).build();
    }

    /** Extensions of files the build produces: a missing one is a 404, not the app (a broken script tag must show). */
    private static final Set<String> STATIC_EXTENSIONS = Set.of("js", "mjs", "css", "map", "svg", "png", "jpg", "gif",
            "ico", "webp", "woff", "woff2", "ttf", "webmanifest", "txt", "html", "json");

    /**
     * The request path if it is a plain relative path inside the console folder, else null: no "..", ".", empty or
     * hidden segments, no backslashes, colons or control characters (JAX-RS has already decoded %2e%2e and %2f).
     */
    static String safePath(String path) {
        if (path == null || path.isEmpty() || path.length() > 512) {
            return null;
        }
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p + "index.html";
        }
        for (int i = 0; i < p.length(); i++) {
            char ch = p.charAt(i);
            if (ch < 0x20 || ch == 0x7f || ch == '\\' || ch == ':') {
                return null;
            }
        }
        for (String segment : p.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".")) {
                return null;
            }
        }
        return p;
    }

    /** This realm's console address, as the client sees the server (any context path included). */
    private String consoleBase() {
        RealmModel realm = session.getContext().getRealm();
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path("kc-edu").path("console").build().toString() + "/";
    }

    private boolean acceptsGzip() {
        String accept = session.getContext().getRequestHeaders().getHeaderString("Accept-Encoding");
        return accept != null && accept.toLowerCase(Locale.ROOT).matches(".*\\bgzip\\b(?!;q=0(\\.0*)?\\s*(,|$)).*");
    }

    private static boolean isFileName(String path) {
        return !extension(path).isEmpty();
    }

    private static String extension(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        return dot < 0 ? "" : last.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static URL resource(String path) {
        return ConsoleResource.class.getClassLoader().getResource(ROOT + path);
    }

    private static byte[] read(URL url) {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response plain(Response.Status status, String text) {
        return secured(Response.status(status).entity(text).type("text/plain; charset=utf-8"))
                .header("Cache-Control", "no-cache").build();
    }

    /**
     * The console's own security headers. Keycloak's filter would otherwise replace them with the realm's (made for
     * its login pages: frame-ancestors 'self'), so it is told to leave these responses alone.
     */
    private Response.ResponseBuilder secured(Response.ResponseBuilder r) {
        SecurityHeadersProvider headers = session.getProvider(SecurityHeadersProvider.class);
        if (headers != null) {
            headers.options().skipHeaders();
        }
        return r.header("Content-Security-Policy", CSP)
                .header("X-Robots-Tag", "none")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY");
    }
}
