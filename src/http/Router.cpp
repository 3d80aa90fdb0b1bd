#include "http/Router.h"

#include <boost/url/decode_view.hpp>

#include <cstdint>

#include "domain/HashKey.h"
#include "http/Problem.h"
#include "http/RoutePolicy.h"
#include "service/AuditScope.h"

namespace tessera::http {
namespace {

std::vector<std::string_view> splitPath(std::string_view path) {
    std::vector<std::string_view> out;
    size_t start = 1;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        out.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::optional<std::string> decodeSegment(std::string_view segment) {
    // A path parameter is matched decoded (a user name's %40 is its @); malformed escapes
    // match no route.
    auto checked = boost::urls::make_pct_string_view(segment);
    if (!checked) return std::nullopt;
    return checked->decode();
}

}  // namespace

Router::Router(std::vector<Route> routes, Api& api) : routes_(std::move(routes)), api_(api) {
    for (size_t i = 0; i < routes_.size(); ++i) {
        Pattern pattern;
        bool hasParameter = false;
        for (auto segment : splitPath(routes_[i].pattern)) {
            if (segment.starts_with('{'))
                hasParameter = true;
            else
                ++pattern.literals;
            pattern.segments.emplace_back(segment);
        }
        if (!hasParameter)
            exact_[std::string(routes_[i].pattern)].emplace_back(routes_[i].method, i);
        patterns_.push_back(std::move(pattern));
        bool get = routes_[i].method == "GET";
        if (get && routes_[i].runsOnWorker()) workerGets_.push_back(i);
        if (!get && !routes_[i].runsOnWorker()) memoryOnlyNonGets_.push_back(i);
        metricsIndex_.push_back(api.metrics ? api.metrics->operationIndex(routes_[i].operationId)
                                            : i);
    }
}

const Route* Router::match(const HttpRequest& request, RequestContext& context,
                           std::string& allow) const {
    if (auto exact = exactRoute(request)) return exact;

    auto segments = splitPath(request.path);
    const Route* best = nullptr;
    int bestLiterals = -1;
    std::vector<std::string_view> allowed;
    for (size_t i = 0; i < routes_.size(); ++i) {
        const auto& pattern = patterns_[i];
        if (pattern.segments.size() != segments.size()) continue;
        bool matches = true;
        for (size_t s = 0; s < segments.size() && matches; ++s) {
            const auto& expected = pattern.segments[s];
            if (expected.starts_with('{'))
                matches = !segments[s].empty();
            else
                matches = expected == segments[s];
        }
        if (!matches) continue;
        if (routes_[i].method != request.method) {
            if (std::find(allowed.begin(), allowed.end(), routes_[i].method) == allowed.end()) {
                allowed.push_back(routes_[i].method);
            }
            continue;
        }
        if (pattern.literals > bestLiterals) {
            best = &routes_[i];
            bestLiterals = pattern.literals;
        }
    }
    if (best) {
        const auto& pattern = patterns_[size_t(best - routes_.data())];
        for (size_t s = 0; s < segments.size(); ++s) {
            const auto& expected = pattern.segments[s];
            if (!expected.starts_with('{')) continue;
            auto decoded = decodeSegment(segments[s]);
            if (!decoded) return nullptr;
            std::string_view name = best->pattern;
            auto at = name.find(expected);
            name = name.substr(at + 1, expected.size() - 2);
            context.params.emplace_back(name, std::move(*decoded));
        }
        return best;
    }
    for (auto method : allowed) {
        if (!allow.empty()) allow += ", ";
        allow += method;
    }
    return nullptr;
}

bool Router::matchesWithoutCopy(const Pattern& pattern, std::string_view path) {
    size_t position = 1;  // after the leading '/'
    for (size_t s = 0; s < pattern.segments.size(); ++s) {
        if (position > path.size()) return false;
        auto end = path.find('/', position);
        bool last = s + 1 == pattern.segments.size();
        if (last != (end == std::string_view::npos)) return false;
        if (end == std::string_view::npos) end = path.size();
        auto segment = path.substr(position, end - position);
        const auto& expected = pattern.segments[s];
        if (expected.starts_with('{') ? segment.empty() : expected != segment) return false;
        position = end + 1;
    }
    return true;
}

const Route* Router::exactRoute(const HttpRequest& request) const {
    auto it = exact_.find(domain::hashKey(request.path));
    if (it == exact_.end()) return nullptr;
    for (const auto& [method, index] : it->second) {
        if (method == request.method) return &routes_[index];
    }
    return nullptr;
}

bool Router::needsWorker(const HttpRequest& request) const {
    // Every request passes here, /auth/check included: a route without parameters is found by
    // its path, without a copy; otherwise a GET is compared with the few GET routes that block.
    if (auto exact = exactRoute(request)) return exact->runsOnWorker();
    auto matchesAny = [&](const std::vector<size_t>& indices) {
        for (auto index : indices) {
            if (routes_[index].method == request.method &&
                matchesWithoutCopy(patterns_[index], request.path))
                return true;
        }
        return false;
    };
    if (request.method == "GET") return matchesAny(workerGets_);
    return !matchesAny(memoryOnlyNonGets_);
}

HttpResponse Router::handle(const HttpRequest& request) {
    auto started = std::chrono::steady_clock::now();
    const Route* route = nullptr;
    auto response = dispatch(request, route);
    if (api_.metrics) {
        // Unmatched: beyond every operation.
        size_t index = route ? metricsIndex_[size_t(route - routes_.data())] : SIZE_MAX;
        api_.metrics->recordRequest(index, response.status,
                                    std::chrono::duration_cast<std::chrono::microseconds>(
                                        std::chrono::steady_clock::now() - started));
    }
    return response;
}

HttpResponse Router::dispatch(const HttpRequest& request, const Route*& matched) {
    RequestContext context{request, api_};
    std::string allow;
    const Route* route = match(request, context, allow);
    matched = route;
    if (!route) {
        if (!allow.empty()) {
            auto response = problem(ErrorCode::MethodNotAllowed,
                                    std::string(request.method) + " is not allowed here");
            response.header("Allow", allow);
            return response;
        }
        return problem(ErrorCode::NotFound, "no such endpoint");
    }
    if (auto allowed = authorizeRequest(*route, context); !allowed) return problem(allowed.error());
    // Audit events recorded while handling name this caller and request (AUD-1).
    service::AuditScope audit(context.principal ? &*context.principal : nullptr, "anonymous",
                              request.requestId, request.clientIp);
    // A rejection a handler passed up becomes its Problem Details here, in one place.
    auto response = route->handler(context);
    if (!response) return problem(response.error());
    return std::move(*response);
}

}  // namespace tessera::http
