#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <string>
#include <string_view>
#include <vector>

#include "store/postgres/PgMigrations.h"
#include "store/sqlite/Migrations.h"

namespace tessera::store {
namespace {

std::string sha256Hex(std::string_view text) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
    std::string hex;
    for (auto byte : digest) {
        hex += "0123456789abcdef"[byte >> 4];
        hex += "0123456789abcdef"[byte & 0xf];
    }
    return hex;
}

// Both dialects build their steps from the shared table texts of store/SqlSchema.cpp, so an
// edit there could change a step that databases have already taken. A released step must
// stay as it was, byte for byte: these are the SHA-256 digests of each step's text. A new step
// adds its digest at the end; changing an old one means a new step instead.
void expectStepsUnchanged(const std::vector<std::string_view>& steps,
                          const std::vector<std::string>& released) {
    ASSERT_GE(steps.size(), released.size()) << "a released step was removed";
    for (size_t i = 0; i < released.size(); ++i)
        EXPECT_EQ(sha256Hex(steps[i]), released[i]) << "step " << i << " changed:\n" << steps[i];
    EXPECT_EQ(steps.size(), released.size()) << "a new step: record its digest here";
}

TEST(Migrations, ReleasedSqliteStepsNeverChange) {
    expectStepsUnchanged(sqlite::migrations(),
                         {
                             "b65bbb1cc34ef31090d6d4ccf5ca55795679f6096d1ace2697bdc3c4822993ea",
                             "764f49420a1a15a43d479465e3c2cc77d299c721cd159077444ba9534817517c",
                             "2e8db0a5485951824a1b892c98d48b3e937592132251c5b5cf44932742b03249",
                             "4a0bedc31aa218771153c533302f24468b420fccf0a6640b51eaa604250c2e46",
                             "2fdc810efcb067e4d085aeebbd2a1ab5ed30e9b340b541439f04e5e912903503",
                             "e33a5f07aabd1ac07790c122ab3ecf7587f9b7d5e68d1af1f7c3f573f006a7ab",
                             "36204562b1b567edddb953ec5937b102fc940637278aa75ba2d6fe825c54ce60",
                             "d6679a2e3562de11f60e61940afc124c2ca7ec20e9e9f75aa0d68336ffc7bdf0",
                             "4fe8f983112acc145136a05b278ea80bb4a585c82b268f4ff7de3b30fca84465",
                             "1cba86402ff8df83a23eb7701aae8f500a0ed9d5d3642e353602dce3ebde755e",
                             "fab404d2b2cfa4124d790db0db50c49f7874f5f577be7cffa2965273960938da",
                             "734d0016c3c98da9c7c04fb7994bac54f2e62bb6dc9232fccde1c94524a1ec25",
                             "b282f40c367ec81e4aa24f926f4d3b10613a15f3fef76d2f66e853a3fa987ead",
                             "31ff2cc1f2b536225b0d439efad24c4501bb3c219238da97fb471edceb3181e4",
                         });
}

TEST(Migrations, ReleasedPostgresStepsNeverChange) {
    expectStepsUnchanged(postgres::migrations(),
                         {
                             "3ef7c8dbf0fc1990300aa421145457bf5a855f8d613f1cdb3cab0122db2d5d1a",
                             "6e650bdb2346b6c5ebc9a928a0122a4816c23d276d6fffe5aaab6faebe62f66c",
                             "d58ec923bc56717c8b8bd1e00adee7ca1d3a222e286e523d48d8e4c0bb4ff3c4",
                             "734d0016c3c98da9c7c04fb7994bac54f2e62bb6dc9232fccde1c94524a1ec25",
                             "b282f40c367ec81e4aa24f926f4d3b10613a15f3fef76d2f66e853a3fa987ead",
                             "408bbd3be65d4ebb5e7e84ea892616a8a038c4d08af0409b85ce3783bd40dfe1",
                         });
}

}  // namespace
}  // namespace tessera::store
