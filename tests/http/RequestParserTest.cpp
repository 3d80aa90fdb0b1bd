#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "http/RequestParser.h"
#include "http/RequestView.h"

namespace tessera::http {
namespace {

namespace bhttp = boost::beast::http;

// Feeds `text` to a parser in pieces of `piece` bytes, as a connection would; returns the
// parser's error (none when the request is complete).
boost::system::error_code parse(ParsedRequest& into, std::string_view text, size_t piece = 4096) {
    RequestParser parser(into);
    std::string pending;
    boost::system::error_code ec;
    while (!parser.is_done()) {
        if (text.empty() && pending.empty()) return bhttp::error::partial_message;
        auto take = std::min(piece, text.size());
        pending.append(text.substr(0, take));
        text.remove_prefix(take);
        auto used = parser.put(boost::asio::buffer(pending), ec);
        pending.erase(0, used);
        if (ec == bhttp::error::need_more) {
            if (take == 0) return ec;
            ec = {};
            continue;
        }
        if (ec) return ec;
    }
    return ec;
}

TEST(RequestParser, KeepsFieldsInOrderAsSent) {
    ParsedRequest request;
    ASSERT_FALSE(parse(request,
                       "GET /auth/check?x=1 HTTP/1.1\r\nHost: a\r\nauthorization: Bearer t\r\n"
                       "X-Forwarded-For: 10.0.0.1\r\nx-forwarded-for: 10.0.0.2\r\n\r\n",
                       7));
    EXPECT_EQ(request.method(), bhttp::verb::get);
    EXPECT_EQ(request.methodString(), "GET");
    EXPECT_EQ(request.target(), "/auth/check?x=1");
    EXPECT_EQ(request.version(), 11);
    EXPECT_TRUE(request.keepAlive());
    ASSERT_EQ(request.fieldCount(), 4u);
    EXPECT_EQ(request.field(1).known, bhttp::field::authorization);
    EXPECT_EQ(request.field(1).name, "authorization");
    EXPECT_EQ(request.field(1).value, "Bearer t");
    EXPECT_EQ(request.field(2).name, "X-Forwarded-For");
    EXPECT_EQ(request.field(3).known, bhttp::field::unknown);
    EXPECT_EQ(request.field(3).name, "x-forwarded-for");
    EXPECT_EQ(request.field(3).value, "10.0.0.2");
}

TEST(RequestParser, ReadsBodiesWithALengthOrInChunks) {
    ParsedRequest request;
    ASSERT_FALSE(
        parse(request, "POST /t HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world", 3));
    EXPECT_EQ(request.body(), "hello world");
    ASSERT_FALSE(parse(request,
                       "POST /t HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                       "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
                       5));
    EXPECT_EQ(request.body(), "hello world");
}

TEST(RequestParser, ReusedStorageHoldsOnlyTheLatestRequest) {
    ParsedRequest request;
    ASSERT_FALSE(parse(request,
                       "POST /first HTTP/1.1\r\nHost: a\r\nX-Request-Id: one\r\n"
                       "Content-Length: 2\r\n\r\nab"));
    ASSERT_FALSE(parse(request, "GET /second HTTP/1.0\r\n\r\n"));
    EXPECT_EQ(request.target(), "/second");
    EXPECT_EQ(request.fieldCount(), 0u);
    EXPECT_EQ(request.body(), "");
    EXPECT_EQ(request.version(), 10);
    EXPECT_FALSE(request.keepAlive());
}

TEST(RequestParser, KeepAliveFollowsTheVersionAndConnection) {
    struct Case {
        std::string_view head;
        bool keepAlive;
    };
    for (auto [head, keepAlive] : {
             Case{"GET / HTTP/1.1\r\nHost: a\r\n\r\n", true},
             Case{"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false},
             Case{"GET / HTTP/1.0\r\n\r\n", false},
             Case{"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true},
         }) {
        ParsedRequest request;
        ASSERT_FALSE(parse(request, head)) << head;
        EXPECT_EQ(request.keepAlive(), keepAlive) << head;
    }
}

// docs/api.md, errors: 413 beyond 64 KiB of body (by length or in chunks), 431 beyond 16 KiB
// of header.
TEST(RequestParser, RefusesWhatExceedsTheServerLimits) {
    std::string big(kRequestBodyLimit + 1, 'x');
    ParsedRequest request;
    EXPECT_EQ(parse(request, "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " +
                                 std::to_string(big.size()) + "\r\n\r\n" + big),
              bhttp::error::body_limit);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", big.size());
    EXPECT_EQ(parse(request, "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" +
                                 std::string(size) + "\r\n" + big + "\r\n0\r\n\r\n"),
              bhttp::error::body_limit);
    EXPECT_EQ(parse(request, "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " +
                                 std::string(kRequestHeaderLimit, 'y') + "\r\n\r\n"),
              bhttp::error::header_limit);
    EXPECT_EQ(parse(request, "GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n"),
              bhttp::error::bad_field);
}

// RFC 9112 section 3.2 and the security headers that must come once (docs/api.md, errors).
TEST(RequestView, RefusesAmbiguousHeadersAndViewsTheRest) {
    struct Case {
        std::string_view head;
        std::string_view refusedField;  // empty: accepted
    };
    for (auto [head, refusedField] : {
             Case{"GET / HTTP/1.1\r\n\r\n", "Host"},
             Case{"GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", "Host"},
             Case{"GET / HTTP/1.0\r\n\r\n", ""},
             Case{"GET / HTTP/1.1\r\nHost: a\r\nAuthorization: x\r\nauthorization: y\r\n\r\n",
                  "Authorization"},
             Case{"GET / HTTP/1.1\r\nHost: a\r\nx-required-permission: a.b\r\n"
                  "X-Required-Permission: c.d\r\n\r\n",
                  "X-Required-Permission"},
             Case{"GET / HTTP/1.1\r\nHost: a\r\nX-Tenant-Locator: t\r\nX-Tenant-Locator: u\r\n\r\n",
                  "X-Tenant-Locator"},
             Case{"GET / HTTP/1.1\r\nHost: a\r\nContent-Type: a/b\r\nContent-Type: c/d\r\n\r\n",
                  "Content-Type"},
             Case{"GET / HTTP/1.1\r\nHost: a\r\nX-Request-Id: one\r\nX-Request-Id: two\r\n\r\n",
                  ""},
         }) {
        ParsedRequest request;
        ASSERT_FALSE(parse(request, head)) << head;
        auto view = viewOf(request, "127.0.0.1");
        if (refusedField.empty()) {
            EXPECT_TRUE(view) << head;
        } else {
            ASSERT_FALSE(view) << head;
            EXPECT_EQ(view.error().status, 400) << head;
            EXPECT_NE(view.error().body.find(refusedField), std::string::npos) << head;
        }
    }

    ParsedRequest request;
    ASSERT_FALSE(
        parse(request,
              "HEAD /auth/check?a=b HTTP/1.1\r\nhost: a\r\nauthorization: Bearer t\r\n"
              "x-required-permission: quotes.write\r\nX-TENANT-LOCATOR: t1\r\n"
              "content-type: text/plain\r\nx-request-id: one\r\nX-Request-Id: two\r\n\r\n"));
    auto view = viewOf(request, "10.1.2.3");
    ASSERT_TRUE(view);
    EXPECT_EQ(view->method, "GET");
    EXPECT_EQ(view->path, "/auth/check");
    EXPECT_EQ(view->query, "a=b");
    EXPECT_EQ(view->authorization, "Bearer t");
    EXPECT_EQ(view->requiredPermission, "quotes.write");
    EXPECT_EQ(view->tenantLocator, "t1");
    EXPECT_EQ(view->contentType, "text/plain");
    EXPECT_EQ(view->requestId, "one");
    EXPECT_EQ(view->clientIp, "10.1.2.3");
}

}  // namespace
}  // namespace tessera::http
