import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './messages/en.json';

// One bundle per locale under messages/; add a file and a line here for another language.
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en } },
  lng: 'en',
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLocale(locale?: string): void {
  const wanted = locale || navigator.language || 'en';
  const base = wanted.split('-')[0];
  const lng = i18n.hasResourceBundle(wanted, 'translation') ? wanted : i18n.hasResourceBundle(base, 'translation') ? base : 'en';
  void i18n.changeLanguage(lng);
  document.documentElement.lang = lng;
}

export default i18n;
