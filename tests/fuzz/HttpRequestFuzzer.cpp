// Bytes off the network to the request view handlers see: the server's parser (Beast's, with its
// limits), then the checks before routing (one Host, no repeated security header, the target).
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "FuzzInput.h"
#include "http/RequestView.h"

using namespace tessera;
namespace bhttp = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    auto text = fuzz::asText(data, size);
    // Several requests may follow each other on a keep-alive connection.
    while (!text.empty()) {
        http::ParsedRequest parsed;
        http::RequestParser parser(parsed);
        boost::system::error_code ec;
        // As on a connection: bytes arrive in growing pieces, and after need_more the parser is
        // offered what it left plus more (Beast's contract; the server's async_read does so),
        // or the end of the stream when nothing more will come.
        size_t offered = std::min(text.size(), size_t(64));
        for (;;) {
            auto used = parser.put(boost::asio::buffer(text.data(), offered), ec);
            text.remove_prefix(used);
            offered -= used;
            if (parser.is_done()) break;
            if (ec != bhttp::error::need_more) return 0;
            ec = {};
            if (offered == text.size()) {
                parser.put_eof(ec);
                break;
            }
            offered = std::min(text.size(), offered * 2 + 64);
        }
        if (ec || !parser.is_done()) return 0;
        auto view = http::viewOf(parser.get(), "127.0.0.1");
        if (view) {
            fuzz::require(view->path.starts_with('/'));
            fuzz::require(view->requestId.size() <= 128);
        } else {
            fuzz::require(view.error().status == 400);
        }
    }
    return 0;
}
