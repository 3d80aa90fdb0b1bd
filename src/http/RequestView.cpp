#include "http/RequestView.h"

#include <boost/url/parse.hpp>

#include <optional>

#include "http/Problem.h"

namespace tessera::http {
namespace {

namespace bhttp = boost::beast::http;

// Headers whose meaning a second copy would make ambiguous: which credential, which permission,
// which tenant? A gateway that appends instead of replacing must be refused, not half-obeyed.
constexpr std::string_view kSingleHeaders[] = {"Authorization", "X-Required-Permission",
                                               "X-Tenant-Locator", "Content-Type"};

// RFC 9112 section 3.2: exactly one Host in HTTP/1.1 (at most one in 1.0), and no ambiguous
// security header.
std::optional<HttpResponse> refuseAmbiguous(const BeastRequest& request) {
    auto hosts = request.count(bhttp::field::host);
    if (hosts > 1 || (hosts == 0 && request.version() >= 11)) {
        return problem(Error{ErrorCode::InvalidRequest,
                             "an HTTP/1.1 request must carry exactly one Host header (RFC 9112)",
                             {"Host"}});
    }
    for (auto name : kSingleHeaders) {
        if (request.count(name) > 1) {
            return problem(
                Error{ErrorCode::InvalidRequest,
                      "the " + std::string(name) + " header appears more than once; send it once",
                      {std::string(name)}});
        }
    }
    return std::nullopt;
}

// The origin-form path and query of a target; an absolute-form target (RFC 9112 section 3.2.2)
// is served like its path, whatever authority it names. Anything else is not a target we serve.
std::optional<std::pair<std::string_view, std::string_view>> splitTarget(std::string_view target) {
    if (target.starts_with('/')) {
        auto question = target.find('?');
        if (question == std::string_view::npos) return std::pair{target, std::string_view()};
        return std::pair{target.substr(0, question), target.substr(question + 1)};
    }
    auto absolute = boost::urls::parse_absolute_uri(target);
    if (!absolute || (absolute->scheme_id() != boost::urls::scheme::http &&
                      absolute->scheme_id() != boost::urls::scheme::https)) {
        return std::nullopt;
    }
    // An http(s) URI names a host (RFC 9110 section 4.2); without an authority its path would
    // not start with '/' ("http:x/y"), which no route expects. Found by fuzzing.
    if (!absolute->has_authority() || absolute->encoded_host().empty()) return std::nullopt;
    std::string_view path = absolute->encoded_path();
    // Boost.URL 1.81 reads "http://host:x//p" as a path "x//p" that does not start with '/'.
    // Found by fuzzing; such a target names no route.
    if (!path.empty() && !path.starts_with('/')) return std::nullopt;
    // The views point into `target`, which outlives the request.
    if (path.empty()) path = "/";
    return std::pair{path, std::string_view(absolute->encoded_query())};
}

}  // namespace

std::expected<HttpRequest, HttpResponse> viewOf(const BeastRequest& request,
                                                std::string_view clientIp) {
    if (auto refusal = refuseAmbiguous(request)) return std::unexpected(std::move(*refusal));
    auto target = splitTarget(request.target());
    if (!target) {
        return std::unexpected(problem(ErrorCode::InvalidRequest,
                                       "the request target must be a path or an http(s) URL"));
    }
    auto header = [&](std::string_view name) -> std::string_view {
        auto it = request.find(name);
        return it == request.end() ? std::string_view() : std::string_view(it->value());
    };
    HttpRequest out;
    // HEAD is answered as GET without the body (RFC 9110 section 9.3.2): load balancers probe so.
    out.method = request.method() == bhttp::verb::head ? std::string_view("GET")
                                                       : std::string_view(request.method_string());
    out.path = target->first;
    out.query = target->second;
    out.authorization = header("Authorization");
    out.contentType = header("Content-Type");
    out.requiredPermission = header("X-Required-Permission");
    out.tenantLocator = header("X-Tenant-Locator");
    out.requestId = header("X-Request-Id");
    if (out.requestId.size() > 128) out.requestId = {};
    out.body = request.body();
    out.clientIp = clientIp;
    return out;
}

domain::ClientAddress clientAddressOf(const BeastRequest& request,
                                      const domain::ClientAddress& peer,
                                      const domain::TrustedProxies& proxies, std::string& storage) {
    if (!peer.address || !proxies.trusts(*peer.address)) return peer;
    std::string_view name =
        proxies.header == domain::ForwardedHeader::Forwarded ? "Forwarded" : "X-Forwarded-For";
    // Several lines of the header are one list, in order (RFC 9110 section 5.3).
    storage.clear();
    for (auto [line, end] = request.equal_range(name); line != end; ++line) {
        if (!storage.empty()) storage += ',';
        storage += line->value();
    }
    if (storage.empty()) return peer;
    auto client = domain::forwardedClient(*peer.address, storage, proxies);
    storage = client.text();
    return {storage, client};
}

}  // namespace tessera::http
