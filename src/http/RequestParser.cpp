#include "http/RequestParser.h"

#include <boost/beast/http/error.hpp>

namespace tessera::http {

namespace bhttp = boost::beast::http;

ParsedRequest::Field ParsedRequest::field(std::size_t index) const {
    const auto& stored = fields_[index];
    return {stored.known, slice(stored.name), slice(stored.value)};
}

ParsedRequest::Span ParsedRequest::keep(std::string_view piece) {
    // The parser's header limit (far below 4 GiB) bounds the text.
    Span span{std::uint32_t(text_.size()), std::uint32_t(piece.size())};
    text_.append(piece);
    return span;
}

void ParsedRequest::clear() {
    method_ = bhttp::verb::unknown;
    version_ = 11;
    keepAlive_ = false;
    methodText_ = {};
    targetText_ = {};
    text_.clear();
    fields_.clear();
    body_.clear();
}

RequestParser::RequestParser(ParsedRequest& into) : request_(into) {
    request_.clear();
    header_limit(kRequestHeaderLimit);
    body_limit(kRequestBodyLimit);
    // The whole body is taken as it comes, not only up to the end of the header.
    eager(true);
}

void RequestParser::on_request_impl(bhttp::verb method, string_view methodText, string_view target,
                                    int version, error_code&) {
    request_.method_ = method;
    request_.methodText_ = request_.keep(methodText);
    request_.targetText_ = request_.keep(target);
    request_.version_ = version;
}

void RequestParser::on_response_impl(int, string_view, int, error_code& ec) {
    // A request parser is never given a status line (basic_parser<true> parses request lines).
    ec = bhttp::error::bad_version;
}

void RequestParser::on_field_impl(bhttp::field known, string_view name, string_view value,
                                  error_code&) {
    auto storedName = request_.keep(name);
    request_.fields_.push_back({known, storedName, request_.keep(value)});
}

void RequestParser::on_header_impl(error_code&) {
    request_.keepAlive_ = keep_alive();
}

void RequestParser::on_body_init_impl(const boost::optional<std::uint64_t>& contentLength,
                                      error_code&) {
    // basic_parser has already refused a length beyond the body limit.
    if (contentLength) request_.body_.reserve(std::size_t(*contentLength));
}

std::size_t RequestParser::on_body_impl(string_view body, error_code&) {
    request_.body_.append(body);
    return body.size();
}

void RequestParser::on_chunk_header_impl(std::uint64_t, string_view, error_code&) {}

std::size_t RequestParser::on_chunk_body_impl(std::uint64_t, string_view body, error_code&) {
    // basic_parser counts every chunk against the body limit.
    request_.body_.append(body);
    return body.size();
}

void RequestParser::on_finish_impl(error_code&) {}

}  // namespace tessera::http
