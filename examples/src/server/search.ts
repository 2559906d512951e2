import { initialize } from 'unleash-client';

const unleash = initialize({
  url: process.env.UNLEASH_URL ?? 'http://127.0.0.1:4242/api',
  appName: 'example-shop',
  customHeaders: { Authorization: process.env.UNLEASH_TOKEN ?? '' },
});

export function searchBackend(email: string): 'v2' | 'v1' {
  return unleash.isEnabled('search-v2', { userId: email, properties: { email } }) ? 'v2' : 'v1';
}
