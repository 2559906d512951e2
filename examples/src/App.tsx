import { OpenFeatureProvider } from '@openfeature/react-sdk';
import { GrowthBook, GrowthBookProvider } from '@growthbook/growthbook-react';
import { withLDProvider } from 'launchdarkly-react-client-sdk';
import { Header } from './components/Header';
import { ProductGrid, type Product } from './components/ProductGrid';
import { Reviews } from './components/Reviews';
import { CheckoutPage } from './pages/CheckoutPage';

const growthbook = new GrowthBook({ apiHost: '/growthbook', clientKey: 'sdk-example' });

const products: Product[] = [
  { sku: 'mug-01', name: 'Enamel mug', price: 14 },
  { sku: 'tee-02', name: 'Organic tee', price: 29 },
];

function Shop() {
  return (
    <OpenFeatureProvider>
      <GrowthBookProvider growthbook={growthbook}>
        <Header cartCount={1} />
        <ProductGrid products={products} />
        <Reviews sku="mug-01" />
        <CheckoutPage items={[{ ...products[0], quantity: 1 }]} />
      </GrowthBookProvider>
    </OpenFeatureProvider>
  );
}

export const App = withLDProvider({ clientSideID: 'example-client-side-id' })(Shop);
