#pragma once

#include "domain/Error.h"
#include "http/HttpMessage.h"

namespace tessera::http {

int statusFor(ErrorCode code);
// RFC 9457 Problem Details with the stable `code` member and, where a request named offending
// entries, `invalidEntries`.
HttpResponse problem(const Error& error);
HttpResponse problem(ErrorCode code, std::string message);

}  // namespace tessera::http
