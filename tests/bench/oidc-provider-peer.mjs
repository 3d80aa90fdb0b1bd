// The introspection peer of scripts/bench part 6: node oidc-provider 9 (not written here) with one
// confidential client allowed the client-credentials grant and introspection, its default
// in-memory storage and opaque access tokens. Environment: PEER_PORT. Prints "ready" when it
// listens on 127.0.0.1:PEER_PORT. The client is bench / bench-secret (client_secret_basic).
import Provider from 'oidc-provider';

const port = Number(process.env.PEER_PORT);
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: 'bench',
    client_secret: 'bench-secret',
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
  }],
  ttl: { ClientCredentials: 3600 },
  features: {
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    devInteractions: { enabled: false },
  },
});
provider.listen(port, '127.0.0.1', () => console.log('ready'));
