#pragma once

#include <string>
#include <vector>

#include <absl/container/flat_hash_map.h>
#include <absl/container/inlined_vector.h>

#include "http/RequestContext.h"
#include "http/RequestHandler.h"
#include "http/Route.h"

namespace tessera::http {

// Matches a request to its route, authenticates, authorizes from the route's declaration and
// calls the handler. Transport-neutral and synchronous: the server decides the thread.
class Router : public RequestHandler {
  public:
    // With api.metrics set, requests are counted under their operation in it, so that routers
    // serving parts of one table (a management listener's) share its counters; without, a
    // Metrics set later must be the one made from these routes.
    Router(std::vector<Route> routes, Api& api);

    HttpResponse handle(const HttpRequest& request) override;
    // Routes whose work blocks (Route::runsOnWorker) run on the worker pool; every other request
    // (the hot path among them) stays on the I/O thread.
    bool needsWorker(const HttpRequest& request) const override;
    const std::vector<Route>& routes() const { return routes_; }

  private:
    struct Pattern {
        std::vector<std::string> segments;  // "{name}" for parameters
        int literals = 0;
    };
    static bool matchesWithoutCopy(const Pattern& pattern, std::string_view path);
    HttpResponse dispatch(const HttpRequest& request, const Route*& matched);
    const Route* match(const HttpRequest& request, RequestContext& context,
                       std::string& allow) const;

    std::vector<Route> routes_;
    std::vector<Pattern> patterns_;
    // The routes without parameters by path: each method's, found without copying the path.
    const Route* exactRoute(const HttpRequest& request) const;
    absl::flat_hash_map<std::string, absl::InlinedVector<std::pair<std::string_view, size_t>, 2>>
        exact_;
    std::vector<size_t> workerGets_;         // GET routes whose work blocks: the worker pool
    std::vector<size_t> memoryOnlyNonGets_;  // other methods answered from memory: I/O threads
    std::vector<size_t> metricsIndex_;       // per route: its index in api.metrics
    Api& api_;
};

}  // namespace tessera::http
