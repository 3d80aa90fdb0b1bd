#include "http/CurlFetcher.h"

#include <curl/curl.h>

#include "service/IoThread.h"

#include <memory>
#include <mutex>

namespace tessera::http {
namespace {

constexpr size_t kMaxResponseBytes = 1 << 20;

struct CurlFree {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct SlistFree {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

size_t collect(char* data, size_t size, size_t count, void* target) {
    auto* body = static_cast<std::string*>(target);
    if (body->size() + size * count > kMaxResponseBytes) return 0;  // aborts the transfer
    body->append(data, size * count);
    return size * count;
}

Result<service::FetchedResponse> perform(CURL* handle, const std::string& url) {
    service::FetchedResponse out;
    curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, 3000L);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &out.body);
    curl_easy_setopt(handle, CURLOPT_USERAGENT, "tessera");
    auto code = curl_easy_perform(handle);
    if (code != CURLE_OK) {
        // The URL is the provider's, not a secret; the body is never repeated.
        return fail(ErrorCode::Unavailable,
                    std::string("cannot reach ") + url + ": " + curl_easy_strerror(code));
    }
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &out.status);
    char* type = nullptr;
    curl_easy_getinfo(handle, CURLINFO_CONTENT_TYPE, &type);
    if (type) out.contentType = type;
    return out;
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
    return perform(handle.get(), url);
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
    return perform(handle.get(), url);
}

}  // namespace tessera::http
