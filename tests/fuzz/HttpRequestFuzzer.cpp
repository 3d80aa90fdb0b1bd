// Bytes off the network to the request view handlers see: Beast's parser with the server's
// limits, then the checks before routing (one Host, no repeated security header, the target).
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include "FuzzInput.h"
#include "http/RequestView.h"

using namespace tessera;
namespace bhttp = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    auto text = fuzz::asText(data, size);
    // Several requests may follow each other on a keep-alive connection.
    while (!text.empty()) {
        bhttp::request_parser<bhttp::string_body> parser;
        parser.header_limit(http::kRequestHeaderLimit);
        parser.body_limit(http::kRequestBodyLimit);
        parser.eager(true);
        boost::system::error_code ec;
        for (;;) {
            auto used = parser.put(boost::asio::buffer(text.data(), text.size()), ec);
            text.remove_prefix(std::min(used, text.size()));
            if (parser.is_done()) break;
            if (ec != bhttp::error::need_more) return 0;
            ec = {};
            if (used == 0 || text.empty()) {
                parser.put_eof(ec);
                break;
            }
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
