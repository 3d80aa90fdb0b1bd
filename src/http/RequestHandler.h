#pragma once

#include "http/HttpMessage.h"

namespace tessera::http {

// What the server hands each parsed request to (the Router; a test's own handler).
class RequestHandler {
  public:
    virtual ~RequestHandler() = default;
    // True when the request's work blocks and must run on the worker pool, not an I/O thread.
    virtual bool needsWorker(const HttpRequest& request) const = 0;
    // May throw only on a defect: the server answers a logged 500 and carries on.
    virtual HttpResponse handle(const HttpRequest& request) = 0;
};

}  // namespace tessera::http
