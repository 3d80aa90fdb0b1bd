#pragma once

#include <boost/beast/http/basic_parser.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::http {

// Limits the server's parser applies to every request (docs/api.md, errors: 413 and 431 beyond).
inline constexpr std::size_t kRequestHeaderLimit = 16 * 1024;
inline constexpr std::size_t kRequestBodyLimit = 64 * 1024;

// One request as RequestParser read it. A connection keeps one and reuses it for every request,
// so that after the first few requests reading one allocates nothing: its fields stand in one
// text, in the order they came, instead of a tree of separately allocated fields.
class ParsedRequest {
  public:
    boost::beast::http::verb method() const { return method_; }
    std::string_view methodString() const { return slice(methodText_); }
    std::string_view target() const { return slice(targetText_); }
    int version() const { return version_; }  // 10 or 11
    bool keepAlive() const { return keepAlive_; }
    const std::string& body() const { return body_; }

    struct Field {
        boost::beast::http::field known;  // field::unknown for a name Beast does not know
        std::string_view name;            // as sent
        std::string_view value;
    };
    std::size_t fieldCount() const { return fields_.size(); }
    Field field(std::size_t index) const;  // in the order they came

  private:
    friend class RequestParser;
    struct Span {
        std::uint32_t at = 0;
        std::uint32_t size = 0;
    };
    struct StoredField {
        boost::beast::http::field known;
        Span name;
        Span value;
    };
    std::string_view slice(Span span) const {
        return std::string_view(text_).substr(span.at, span.size);
    }
    Span keep(std::string_view piece);
    void clear();

    boost::beast::http::verb method_ = boost::beast::http::verb::unknown;
    int version_ = 11;
    bool keepAlive_ = false;
    Span methodText_;
    Span targetText_;
    std::string text_;  // the method, target and every field's name and value
    std::vector<StoredField> fields_;
    std::string body_;
};

// Beast's HTTP/1.1 request parser, with its strictness and the server's header and body limits,
// filling a ParsedRequest. Like every Beast parser it reads one message: a connection makes a
// new one (cheap: it allocates nothing) for each request, over the same ParsedRequest.
class RequestParser : public boost::beast::http::basic_parser<true> {
  public:
    explicit RequestParser(ParsedRequest& into);
    // Complete once is_done(); until then it holds what has been read so far.
    const ParsedRequest& get() const { return request_; }

  private:
    using error_code = boost::beast::error_code;
    using string_view = boost::beast::string_view;
    void on_request_impl(boost::beast::http::verb method, string_view methodText,
                         string_view target, int version, error_code& ec) override;
    void on_response_impl(int, string_view, int, error_code& ec) override;
    void on_field_impl(boost::beast::http::field known, string_view name, string_view value,
                       error_code& ec) override;
    void on_header_impl(error_code& ec) override;
    void on_body_init_impl(const boost::optional<std::uint64_t>& contentLength,
                           error_code& ec) override;
    std::size_t on_body_impl(string_view body, error_code& ec) override;
    void on_chunk_header_impl(std::uint64_t size, string_view extensions, error_code& ec) override;
    std::size_t on_chunk_body_impl(std::uint64_t remain, string_view body, error_code& ec) override;
    void on_finish_impl(error_code& ec) override;

    ParsedRequest& request_;
};

}  // namespace tessera::http
