package org.kcedu.info;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /realms/{realm}/kc-edu/info}: the only kc-edu route that needs no token (it reveals no realm data). */
public class InfoResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public BundleInfo info() {
        return BundleInfo.current();
    }
}
