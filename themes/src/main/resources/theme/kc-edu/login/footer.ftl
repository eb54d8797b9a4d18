<#macro content>
<#-- kc-edu footer: who runs this service and where to get help. Texts live in messages_*.properties so agencies rebrand
     without editing templates; a realm's branding (kc-edu API /branding, realm attributes kcedu.branding.*) overrides
     them and the colours. The API validates every value (#rrggbb colours with WCAG AA contrast, http(s) URLs, plain
     text) before storing it, so they are safe to place here. -->
<#assign kb = realm.attributes>
<#if kb['kcedu.branding.primaryColor']?? || kb['kcedu.branding.linkColor']?? || kb['kcedu.branding.backgroundColor']?? || kb['kcedu.branding.logoUrl']??>
<style id="kcedu-branding">
:root {
<#if kb['kcedu.branding.primaryColor']??>  --keycloak-card-top-color: ${kb['kcedu.branding.primaryColor']}; --pf-v5-global--primary-color--100: ${kb['kcedu.branding.primaryColor']}; --pf-v5-global--primary-color--200: ${kb['kcedu.branding.primaryColor']};
</#if><#if kb['kcedu.branding.linkColor']??>  --pf-v5-global--link--Color: ${kb['kcedu.branding.linkColor']}; --pf-v5-global--link--Color--hover: ${kb['kcedu.branding.linkColor']};
</#if><#if kb['kcedu.branding.logoUrl']??>  --keycloak-logo-url: url('${kb['kcedu.branding.logoUrl']}');
</#if>}
<#if kb['kcedu.branding.primaryColor']??>.kcedu-brand { color: ${kb['kcedu.branding.primaryColor']}; }
</#if><#if kb['kcedu.branding.linkColor']??>.kcedu-footer a { color: ${kb['kcedu.branding.linkColor']}; }
</#if><#if kb['kcedu.branding.backgroundColor']??>.login-pf body, body { background: ${kb['kcedu.branding.backgroundColor']}; }
</#if></style>
</#if>
<footer id="kcedu-footer" class="kcedu-footer" role="contentinfo">
  <p>${kb['kcedu.branding.footerText']!msg("kceduFooterOperator")}</p>
  <p><a href="${kb['kcedu.branding.helpUrl']!msg("kceduFooterHelpUrl")}">${kb['kcedu.branding.helpText']!msg("kceduFooterHelp")}</a> · <a href="${kb['kcedu.branding.accessibilityUrl']!msg("kceduFooterAccessibilityUrl")}">${msg("kceduFooterAccessibility")}</a></p>
</footer>
</#macro>
