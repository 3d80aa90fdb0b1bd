#pragma once

#include <memory>

namespace tessera {

// A C library's handle that owns what it points to, released by that library's own function:
// `UniqueHandle<EVP_PKEY, EVP_PKEY_free>`, `UniqueHandle<PGresult, PQclear>`.
template <auto Release>
struct ReleaseWith {
    template <class Handle>
    void operator()(Handle* handle) const {
        Release(handle);
    }
};

template <class Handle, auto Release>
using UniqueHandle = std::unique_ptr<Handle, ReleaseWith<Release>>;

}  // namespace tessera
