#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace tessera::domain {

// An immutable list of strings that copies share: what a token was granted (its permissions,
// its tenants). A million tokens hold a handful of distinct lists, so the Directory keeps one of
// each (docs/architecture.md, performance: memory per token). Reads like a const
// std::vector<std::string>.
class SharedStringList {
  public:
    SharedStringList() = default;
    // Implicit on purpose: a list is given where a vector of strings is.
    SharedStringList(std::vector<std::string> items)
        : items_(items.empty()
                     ? nullptr
                     : std::make_shared<const std::vector<std::string>>(std::move(items))) {}
    SharedStringList(std::initializer_list<std::string> items)
        : SharedStringList(std::vector<std::string>(items)) {}

    const std::vector<std::string>& items() const { return items_ ? *items_ : none(); }
    operator const std::vector<std::string>&() const { return items(); }

    auto begin() const { return items().begin(); }
    auto end() const { return items().end(); }
    std::size_t size() const { return items().size(); }
    bool empty() const { return items().empty(); }
    const std::string& operator[](std::size_t i) const { return items()[i]; }
    // Whether both share one list (the Directory's interning), not merely equal ones.
    bool sharesWith(const SharedStringList& other) const { return items_ == other.items_; }

    friend bool operator==(const SharedStringList& a, const SharedStringList& b) {
        return a.items() == b.items();
    }
    friend bool operator==(const SharedStringList& a, const std::vector<std::string>& b) {
        return a.items() == b;
    }

  private:
    static const std::vector<std::string>& none() {
        static const std::vector<std::string> empty;
        return empty;
    }
    std::shared_ptr<const std::vector<std::string>> items_;
};

}  // namespace tessera::domain
