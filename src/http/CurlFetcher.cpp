#include "http/CurlFetcher.h"

#include <curl/curl.h>

#include "service/IoThread.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>

namespace tessera::http {
namespace {

constexpr size_t kMaxResponseBytes = 1 << 20;

// The body so far and how much of it may be kept.
struct Collected {
    std::string body;
    std::size_t cap = kMaxResponseBytes;
    bool overCap = false;
};

struct CurlFree {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistFree {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

size_t collect(char* data, size_t size, size_t count, void* target) {
    auto* collected = static_cast<Collected*>(target);
    if (collected->body.size() + size * count > collected->cap) {
        collected->overCap = true;
        return 0;  // aborts the transfer
    }
    collected->body.append(data, size * count);
    return size * count;
}

// `bodyCap` empty: a body over the default cap fails the call; set: it ends the transfer and
// the status stands.
Result<service::FetchedResponse> perform(
    CURL* handle, const std::string& url,
    std::chrono::milliseconds timeout = std::chrono::seconds(10),
    std::optional<std::size_t> bodyCap = std::nullopt) {
    service::FetchedResponse out;
    Collected collected;
    if (bodyCap) collected.cap = *bodyCap;
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS,
                     long(std::min<std::int64_t>(3000, timeout.count())));
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, long(timeout.count()));
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &collected);
    curl_easy_setopt(handle, CURLOPT_USERAGENT, "tessera");
    auto code = curl_easy_perform(handle);
    out.body = std::move(collected.body);
    bool cappedAnswer = code == CURLE_WRITE_ERROR && collected.overCap && bodyCap;
    if (code != CURLE_OK && !cappedAnswer) {
        // Only libcurl's words: the body is never repeated, and the caller decides whether the
        // URL may be (a webhook URL may carry a token of its receiver's).
        return fail(ErrorCode::Unavailable, curl_easy_strerror(code));
    }
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &out.status);
    char* type = nullptr;
    curl_easy_getinfo(handle, CURLINFO_CONTENT_TYPE, &type);
    if (type) out.contentType = type;
    return out;
}

// An identity provider's URL is no secret: a failure names it.
Result<service::FetchedResponse> named(Result<service::FetchedResponse> result,
                                       const std::string& url) {
    if (!result) result.error().message = "cannot reach " + url + ": " + result.error().message;
    return result;
}

}  // namespace

CurlFetcher::CurlFetcher() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<service::FetchedResponse> CurlFetcher::get(const std::string& url) {
    service::noteBlockingWork("an outbound call");
    std::unique_ptr<CURL, CurlFree> handle(curl_easy_init());
    if (!handle) return fail(ErrorCode::Internal, "libcurl cannot start");
    return named(perform(handle.get(), url), url);
}

Result<service::FetchedResponse> CurlFetcher::postForm(
    const std::string& url, const std::vector<std::pair<std::string, std::string>>& fields,
    const std::string& basicUser, const std::string& basicPassword) {
    service::noteBlockingWork("an outbound call");
    std::unique_ptr<CURL, CurlFree> handle(curl_easy_init());
    if (!handle) return fail(ErrorCode::Internal, "libcurl cannot start");
    std::string body;
    for (const auto& [name, value] : fields) {
        if (!body.empty()) body += '&';
        for (const auto* part : {&name, &value}) {
            char* escaped = curl_easy_escape(handle.get(), part->data(), int(part->size()));
            body += escaped;
            curl_free(escaped);
            if (part == &name) body += '=';
        }
    }
    curl_easy_setopt(handle.get(), CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(handle.get(), CURLOPT_POSTFIELDSIZE, long(body.size()));
    std::unique_ptr<curl_slist, SlistFree> headers(
        curl_slist_append(nullptr, "Accept: application/json"));
    curl_easy_setopt(handle.get(), CURLOPT_HTTPHEADER, headers.get());
    if (!basicUser.empty()) {
        curl_easy_setopt(handle.get(), CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(handle.get(), CURLOPT_USERNAME, basicUser.c_str());
        curl_easy_setopt(handle.get(), CURLOPT_PASSWORD, basicPassword.c_str());
    }
    return named(perform(handle.get(), url), url);
}

Result<service::FetchedResponse> CurlFetcher::post(const service::OutboundPost& request) {
    service::noteBlockingWork("an outbound call");
    std::unique_ptr<CURL, CurlFree> handle(curl_easy_init());
    if (!handle) return fail(ErrorCode::Internal, "libcurl cannot start");
    curl_easy_setopt(handle.get(), CURLOPT_POSTFIELDS, request.body.c_str());
    curl_easy_setopt(handle.get(), CURLOPT_POSTFIELDSIZE, long(request.body.size()));
    std::unique_ptr<curl_slist, SlistFree> headers(
        curl_slist_append(nullptr, "Content-Type: application/json"));
    // No "Expect: 100-continue" round trip before the body.
    curl_slist_append(headers.get(), "Expect:");
    for (const auto& [name, value] : request.headers)
        curl_slist_append(headers.get(), (name + ": " + value).c_str());
    curl_easy_setopt(handle.get(), CURLOPT_HTTPHEADER, headers.get());
    return perform(handle.get(), request.url, request.timeout, request.maxResponseBytes);
}

}  // namespace tessera::http
