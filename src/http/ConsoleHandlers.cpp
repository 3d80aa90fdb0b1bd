#include "http/Handlers.h"
#include "http/Problem.h"
#include "http/UiAssets.h"

namespace tessera::http {

namespace {

// The console runs only its own scripts and styles, talks only to this origin and may not be
// framed (issue 5: strict CSP, no inline script or style).
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

HttpResponse serveAsset(std::string_view name) {
    for (const auto& asset : uiAssets()) {
        if (asset.name != name) continue;
        HttpResponse response;
        response.contentType = std::string(asset.contentType);
        response.body = std::string(asset.body);
        response.header("Content-Security-Policy", std::string(kContentSecurityPolicy));
        response.header("Referrer-Policy", "no-referrer");
        response.header("X-Frame-Options", "DENY");
        response.header("Cache-Control", "no-cache");
        return response;
    }
    return problem(ErrorCode::NotFound, "no such console file");
}

}  // namespace

Result<HttpResponse> handleConsole(RequestContext&) {
    return serveAsset("index.html");
}

Result<HttpResponse> handleConsoleAsset(RequestContext& context) {
    return serveAsset(context.param("file"));
}

}  // namespace tessera::http
