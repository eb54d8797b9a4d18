<#macro content>
<#-- kc-edu footer: who runs this service and where to get help. Texts live in messages_*.properties so agencies rebrand without editing templates. -->
<footer id="kcedu-footer" class="kcedu-footer" role="contentinfo">
  <p>${msg("kceduFooterOperator")}</p>
  <p><a href="${msg("kceduFooterHelpUrl")}">${msg("kceduFooterHelp")}</a> · <a href="${msg("kceduFooterAccessibilityUrl")}">${msg("kceduFooterAccessibility")}</a></p>
</footer>
</#macro>
