#include "crypto/SamlXml.h"
#include "domain/UniqueHandle.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/valid.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <xmlsec/crypto.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>
#include <xmlsec/xmltree.h>
#include <zlib.h>

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "crypto/OpenSslHandles.h"

namespace tessera::crypto {
namespace {

constexpr const char* kProtocolNs = "urn:oasis:names:tc:SAML:2.0:protocol";
constexpr const char* kAssertionNs = "urn:oasis:names:tc:SAML:2.0:assertion";
constexpr const char* kDsigNs = "http://www.w3.org/2000/09/xmldsig#";
constexpr const char* kMetadataNs = "urn:oasis:names:tc:SAML:2.0:metadata";
constexpr size_t kMaxResponseBytes = 512 * 1024;

using DocPtr = UniqueHandle<xmlDoc, xmlFreeDoc>;
using KeyPtr = UniqueHandle<xmlSecKey, xmlSecKeyDestroy>;
using DsigContextPtr = UniqueHandle<xmlSecDSigCtx, xmlSecDSigCtxDestroy>;

void initialiseXmlsec() {
    static std::once_flag once;
    std::call_once(once, [] {
        xmlInitParser();
        if (xmlSecInit() < 0 || xmlSecCryptoAppInit(nullptr) < 0 || xmlSecCryptoInit() < 0)
            throw std::runtime_error("xmlsec cannot be initialised");
    });
}

std::string standardBase64(std::string_view data) {
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    int length =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(data.data()), int(data.size()));
    out.resize(size_t(length));
    return out;
}

std::optional<std::string> decodeStandardBase64(std::string_view text) {
    std::string compact;
    for (char c : text) {
        if (c != '\n' && c != '\r' && c != ' ' && c != '\t') compact += c;
    }
    if (compact.empty() || compact.size() % 4 != 0) return std::nullopt;
    std::string out(compact.size() / 4 * 3, '\0');
    int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                 reinterpret_cast<const unsigned char*>(compact.data()),
                                 int(compact.size()));
    if (length < 0) return std::nullopt;
    size_t padding = compact.ends_with("==") ? 2 : compact.ends_with('=') ? 1 : 0;
    out.resize(size_t(length) - padding);
    return out;
}

bool is(const xmlNode* node, const char* ns, const char* name) {
    return node && node->type == XML_ELEMENT_NODE && node->ns &&
           xmlStrEqual(node->ns->href, BAD_CAST ns) && xmlStrEqual(node->name, BAD_CAST name);
}

xmlNode* child(const xmlNode* parent, const char* ns, const char* name) {
    for (auto* node = parent ? parent->children : nullptr; node; node = node->next) {
        if (is(node, ns, name)) return node;
    }
    return nullptr;
}

std::string attribute(const xmlNode* node, const char* name) {
    if (!node) return {};
    xmlChar* value = xmlGetProp(node, BAD_CAST name);
    if (!value) return {};
    std::string out(reinterpret_cast<const char*>(value));
    xmlFree(value);
    return out;
}

std::string content(const xmlNode* node) {
    if (!node) return {};
    xmlChar* value = xmlNodeGetContent(node);
    if (!value) return {};
    std::string out(reinterpret_cast<const char*>(value));
    xmlFree(value);
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
    size_t start = 0;
    while (start < out.size() && std::isspace(static_cast<unsigned char>(out[start]))) ++start;
    return out.substr(start);
}

// Every element carrying an ID attribute; false when an ID repeats (a wrapping attempt).
bool collectIds(xmlDoc* doc, xmlNode* node, std::map<std::string, xmlNode*>& ids) {
    for (; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) continue;
        if (xmlAttr* id = xmlHasProp(node, BAD_CAST "ID")) {
            auto value = attribute(node, "ID");
            if (value.empty() || !ids.emplace(value, node).second) return false;
            xmlAddID(nullptr, doc, BAD_CAST value.c_str(), id);
        }
        if (!collectIds(doc, node->children, ids)) return false;
    }
    return true;
}

void findAll(xmlNode* node, const char* ns, const char* name, std::vector<xmlNode*>& out) {
    for (; node; node = node->next) {
        if (is(node, ns, name)) out.push_back(node);
        if (node->type == XML_ELEMENT_NODE) findAll(node->children, ns, name, out);
    }
}

DocPtr parseXml(std::string_view xml) {
    initialiseXmlsec();
    // No network, no entity substitution, no DTD loading; a DOCTYPE is refused below.
    DocPtr doc(xmlReadMemory(xml.data(), int(xml.size()), "saml.xml", nullptr,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
    if (doc && doc->intSubset) return nullptr;
    return doc;
}

// True when `signature` verifies with the certificate and its one reference names `signedNode`.
bool verifies(xmlNode* signature, xmlNode* signedNode, std::string_view certificatePem) {
    KeyPtr key(
        xmlSecCryptoAppKeyLoadMemory(reinterpret_cast<const xmlSecByte*>(certificatePem.data()),
                                     static_cast<xmlSecSize>(certificatePem.size()),
                                     xmlSecKeyDataFormatCertPem, nullptr, nullptr, nullptr));
    if (!key) return false;
    DsigContextPtr context(xmlSecDSigCtxCreate(nullptr));
    if (!context) return false;
    context->signKey = key.release();
    context->enabledReferenceUris = xmlSecTransformUriTypeSameDocument;
    if (xmlSecDSigCtxVerify(context.get(), signature) < 0 ||
        context->status != xmlSecDSigStatusSucceeded) {
        return false;
    }
    if (xmlSecPtrListGetSize(&context->signedInfoReferences) != 1) return false;
    auto* reference = static_cast<xmlSecDSigReferenceCtxPtr>(
        xmlSecPtrListGetItem(&context->signedInfoReferences, 0));
    auto expected = "#" + attribute(signedNode, "ID");
    return reference && reference->uri && expected == reinterpret_cast<const char*>(reference->uri);
}

std::optional<domain::Timestamp> time(const xmlNode* node, const char* name) {
    auto text = attribute(node, name);
    if (text.empty()) return std::nullopt;
    return domain::parseTimestamp(text);
}

std::string xmlEscape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

}  // namespace

Result<domain::SamlAssertion> readSignedSamlResponse(std::string_view base64Response,
                                                     std::string_view certificatePem) {
    auto refuse = [](std::string why) {
        return fail(ErrorCode::Unauthenticated, "the SAML response is not acceptable: " + why);
    };
    if (base64Response.size() > kMaxResponseBytes) return refuse("it is too large");
    auto xml = decodeStandardBase64(base64Response);
    if (!xml) return refuse("it is not base64");
    auto doc = parseXml(*xml);
    if (!doc) return refuse("it is not well-formed XML without a DOCTYPE");
    xmlNode* response = xmlDocGetRootElement(doc.get());
    if (!is(response, kProtocolNs, "Response")) return refuse("it is not a SAML Response");

    std::map<std::string, xmlNode*> ids;
    if (!collectIds(doc.get(), response, ids)) return refuse("an ID repeats");
    std::vector<xmlNode*> assertions, encrypted;
    findAll(response, kAssertionNs, "Assertion", assertions);
    findAll(response, kAssertionNs, "EncryptedAssertion", encrypted);
    if (!encrypted.empty()) return refuse("encrypted assertions are not supported");
    if (assertions.size() != 1 || assertions[0]->parent != response)
        return refuse("it must hold exactly one Assertion, directly in the Response");
    xmlNode* assertion = assertions[0];

    bool responseSigned = false, assertionSigned = false;
    if (auto* signature = child(response, kDsigNs, "Signature"))
        responseSigned = verifies(signature, response, certificatePem);
    if (auto* signature = child(assertion, kDsigNs, "Signature"))
        assertionSigned = verifies(signature, assertion, certificatePem);
    if (!responseSigned && !assertionSigned)
        return refuse("it carries no valid signature by the registered certificate");

    domain::SamlAssertion out;
    if (responseSigned) {  // response-level fields count only when they are signed
        out.responseDestination = attribute(response, "Destination");
        out.responseInResponseTo = attribute(response, "InResponseTo");
    }
    out.statusCode = attribute(
        child(child(response, kProtocolNs, "Status"), kProtocolNs, "StatusCode"), "Value");
    out.issuer = content(child(assertion, kAssertionNs, "Issuer"));
    out.assertionId = attribute(assertion, "ID");
    auto* subject = child(assertion, kAssertionNs, "Subject");
    out.nameId = content(child(subject, kAssertionNs, "NameID"));
    auto* confirmation = child(child(subject, kAssertionNs, "SubjectConfirmation"), kAssertionNs,
                               "SubjectConfirmationData");
    out.subjectNotOnOrAfter = time(confirmation, "NotOnOrAfter");
    out.subjectRecipient = attribute(confirmation, "Recipient");
    out.subjectInResponseTo = attribute(confirmation, "InResponseTo");
    auto* conditions = child(assertion, kAssertionNs, "Conditions");
    out.notBefore = time(conditions, "NotBefore");
    out.notOnOrAfter = time(conditions, "NotOnOrAfter");
    std::vector<xmlNode*> audiences;
    findAll(conditions ? conditions->children : nullptr, kAssertionNs, "Audience", audiences);
    for (auto* audience : audiences) out.audiences.push_back(content(audience));
    std::vector<xmlNode*> attributes;
    findAll(assertion->children, kAssertionNs, "Attribute", attributes);
    for (auto* attributeNode : attributes) {
        auto name = attribute(attributeNode, "Name");
        for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
        if (name.find("email") != std::string::npos || name.find("mail") != std::string::npos) {
            out.email = content(child(attributeNode, kAssertionNs, "AttributeValue"));
            if (!out.email.empty()) break;
        }
    }
    return out;
}

std::string samlRedirectRequest(std::string_view requestId, std::string_view issueInstant,
                                std::string_view destination, std::string_view acsUrl,
                                std::string_view spEntityId) {
    std::string xml =
        std::string("<samlp:AuthnRequest xmlns:samlp=\"") + kProtocolNs + "\" xmlns:saml=\"" +
        kAssertionNs + "\" ID=\"" + xmlEscape(requestId) + "\" Version=\"2.0\" IssueInstant=\"" +
        xmlEscape(issueInstant) + "\" Destination=\"" + xmlEscape(destination) +
        "\" AssertionConsumerServiceURL=\"" + xmlEscape(acsUrl) +
        "\" ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\"><saml:Issuer>" +
        xmlEscape(spEntityId) +
        "</saml:Issuer><samlp:NameIDPolicy "
        "Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified\" "
        "AllowCreate=\"false\"/></samlp:AuthnRequest>";
    // Raw DEFLATE (RFC 1951), as the HTTP-Redirect binding requires.
    z_stream stream{};
    deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    std::string deflated(deflateBound(&stream, uLong(xml.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(xml.data());
    stream.avail_in = uInt(xml.size());
    stream.next_out = reinterpret_cast<Bytef*>(deflated.data());
    stream.avail_out = uInt(deflated.size());
    deflate(&stream, Z_FINISH);
    deflated.resize(stream.total_out);
    deflateEnd(&stream);
    return standardBase64(deflated);
}

Result<std::string> normalizeCertificate(std::string_view text) {
    std::string pem(text);
    if (pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
        std::string body;
        for (char c : text) {
            if (!std::isspace(static_cast<unsigned char>(c))) body += c;
        }
        pem = "-----BEGIN CERTIFICATE-----\n";
        for (size_t i = 0; i < body.size(); i += 64) pem += body.substr(i, 64) + "\n";
        pem += "-----END CERTIFICATE-----\n";
    }
    BioPtr bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    std::unique_ptr<X509, decltype(&X509_free)> certificate(
        PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
    if (!certificate)
        return fail(ErrorCode::InvalidRequest,
                    "the signing certificate is not an X.509 certificate", {"signingCertificate"});
    return pem;
}

Result<SamlIdpMetadata> parseSamlIdpMetadata(std::string_view xml) {
    auto unusable = [](std::string why) {
        return fail(ErrorCode::InvalidRequest, "the metadata at metadataUrl is unusable: " + why,
                    {"metadataUrl"});
    };
    auto doc = parseXml(xml);
    if (!doc) return unusable("it is not well-formed XML without a DOCTYPE");
    xmlNode* root = xmlDocGetRootElement(doc.get());
    if (!is(root, kMetadataNs, "EntityDescriptor")) return unusable("no EntityDescriptor");
    SamlIdpMetadata out;
    out.entityId = attribute(root, "entityID");
    auto* idp = child(root, kMetadataNs, "IDPSSODescriptor");
    if (!idp) return unusable("no IDPSSODescriptor");
    for (auto* node = idp->children; node; node = node->next) {
        if (is(node, kMetadataNs, "SingleSignOnService") &&
            attribute(node, "Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect")
            out.singleSignOnServiceUrl = attribute(node, "Location");
        if (is(node, kMetadataNs, "KeyDescriptor") && attribute(node, "use") != "encryption" &&
            out.certificatePem.empty()) {
            std::vector<xmlNode*> certificates;
            findAll(node->children, kDsigNs, "X509Certificate", certificates);
            if (!certificates.empty()) {
                auto pem = normalizeCertificate(content(certificates.front()));
                if (pem) out.certificatePem = *pem;
            }
        }
    }
    if (out.entityId.empty()) return unusable("no entityID");
    if (out.singleSignOnServiceUrl.empty()) return unusable("no HTTP-Redirect SingleSignOnService");
    if (out.certificatePem.empty()) return unusable("no signing certificate");
    return out;
}

std::string samlSpMetadata(std::string_view entityId, std::string_view acsUrl) {
    return std::string("<?xml version=\"1.0\"?>\n<md:EntityDescriptor xmlns:md=\"") + kMetadataNs +
           "\" entityID=\"" + xmlEscape(entityId) +
           "\"><md:SPSSODescriptor AuthnRequestsSigned=\"false\" WantAssertionsSigned=\"true\" "
           "protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
           "<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</"
           "md:NameIDFormat><md:AssertionConsumerService "
           "Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\"" +
           xmlEscape(acsUrl) +
           "\" index=\"0\" isDefault=\"true\"/></md:SPSSODescriptor></md:EntityDescriptor>\n";
}

}  // namespace tessera::crypto
