#include "http/RequestView.h"

#include <boost/beast/core/string.hpp>
#include <boost/url/parse.hpp>

#include <array>
#include <optional>

#include "http/Problem.h"

namespace tessera::http {
namespace {

namespace bhttp = boost::beast::http;

// The headers a view reads. Host and every header whose meaning a second copy would make
// ambiguous (which credential, which permission, which tenant?) must come once: a gateway that
// appends instead of replacing must be refused, not half-obeyed.
enum class Header {
    Host,
    Authorization,
    RequiredPermission,
    TenantLocator,
    ContentType,
    RequestId
};
constexpr std::string_view kHeaderNames[] = {
    "Host",         "Authorization", "X-Required-Permission", "X-Tenant-Locator",
    "Content-Type", "X-Request-Id"};
constexpr std::size_t kHeaders = std::size(kHeaderNames);
constexpr bool mustBeSingle(Header header) {
    return header != Header::RequestId;
}

std::optional<Header> headerOf(const ParsedRequest::Field& field) {
    switch (field.known) {
        case bhttp::field::host:
            return Header::Host;
        case bhttp::field::authorization:
            return Header::Authorization;
        case bhttp::field::content_type:
            return Header::ContentType;
        case bhttp::field::unknown:
            break;
        default:
            return std::nullopt;
    }
    // Beast knows none of our own headers by name.
    for (auto header : {Header::RequiredPermission, Header::TenantLocator, Header::RequestId}) {
        if (boost::beast::iequals(field.name, kHeaderNames[size_t(header)])) return header;
    }
    return std::nullopt;
}

struct SeenHeader {
    std::string_view value;  // the first line's
    std::size_t count = 0;
};

// One pass over the fields; then RFC 9112 section 3.2: exactly one Host in HTTP/1.1 (at most one
// in 1.0), and no ambiguous security header.
std::expected<std::array<SeenHeader, kHeaders>, HttpResponse> readHeaders(
    const ParsedRequest& request) {
    std::array<SeenHeader, kHeaders> seen{};
    for (size_t i = 0; i < request.fieldCount(); ++i) {
        auto field = request.field(i);
        auto header = headerOf(field);
        if (!header) continue;
        auto& entry = seen[size_t(*header)];
        if (entry.count++ == 0) entry.value = field.value;
    }
    auto hosts = seen[size_t(Header::Host)].count;
    if (hosts > 1 || (hosts == 0 && request.version() >= 11)) {
        return std::unexpected(
            problem(Error{ErrorCode::InvalidRequest,
                          "an HTTP/1.1 request must carry exactly one Host header (RFC 9112)",
                          {"Host"}}));
    }
    for (size_t i = 0; i < kHeaders; ++i) {
        if (!mustBeSingle(Header(i)) || seen[i].count <= 1) continue;
        std::string name(kHeaderNames[i]);
        return std::unexpected(
            problem(Error{ErrorCode::InvalidRequest,
                          "the " + name + " header appears more than once; send it once",
                          {name}}));
    }
    return seen;
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

std::expected<HttpRequest, HttpResponse> viewOf(const ParsedRequest& request,
                                                std::string_view clientIp) {
    auto headers = readHeaders(request);
    if (!headers) return std::unexpected(std::move(headers.error()));
    auto target = splitTarget(request.target());
    if (!target) {
        return std::unexpected(problem(ErrorCode::InvalidRequest,
                                       "the request target must be a path or an http(s) URL"));
    }
    auto header = [&](Header name) { return (*headers)[size_t(name)].value; };
    HttpRequest out;
    // HEAD is answered as GET without the body (RFC 9110 section 9.3.2): load balancers probe so.
    out.method =
        request.method() == bhttp::verb::head ? std::string_view("GET") : request.methodString();
    out.path = target->first;
    out.query = target->second;
    out.authorization = header(Header::Authorization);
    out.contentType = header(Header::ContentType);
    out.requiredPermission = header(Header::RequiredPermission);
    out.tenantLocator = header(Header::TenantLocator);
    out.requestId = header(Header::RequestId);
    if (out.requestId.size() > 128) out.requestId = {};
    out.body = request.body();
    out.clientIp = clientIp;
    return out;
}

domain::ClientAddress clientAddressOf(const ParsedRequest& request,
                                      const domain::ClientAddress& peer,
                                      const domain::TrustedProxies& proxies, std::string& storage) {
    if (!peer.address || !proxies.trusts(*peer.address)) return peer;
    std::string_view name =
        proxies.header == domain::ForwardedHeader::Forwarded ? "Forwarded" : "X-Forwarded-For";
    // Several lines of the header are one list, in order (RFC 9110 section 5.3).
    storage.clear();
    for (size_t i = 0; i < request.fieldCount(); ++i) {
        auto line = request.field(i);
        if (!boost::beast::iequals(line.name, name)) continue;
        if (!storage.empty()) storage += ',';
        storage += line.value;
    }
    if (storage.empty()) return peer;
    auto client = domain::forwardedClient(*peer.address, storage, proxies);
    storage = client.text();
    return {storage, client};
}

}  // namespace tessera::http
