<#outputformat "plainText">
<#assign requiredActionsText><#if requiredActions??><#list requiredActions><#items as reqActionItem>${msg("requiredAction.${reqActionItem}")}<#sep>, </#sep></#items></#list></#if></#assign>
</#outputformat>

<#import "template.ftl" as layout>
<@layout.emailLayout>
<#-- kc-edu: say who asked (requirements §5.2.2.3), so a user who did not expect it knows whom to ask. -->
<#if kceduInitiatedByName??>
${kcSanitize(msg("kceduResetInitiatedByHtml", kceduInitiatedByName, kceduInitiatedByEmail!""))?no_esc}
</#if>
${kcSanitize(msg("executeActionsBodyHtml",link, linkExpiration, realmName, requiredActionsText, linkExpirationFormatter(linkExpiration)))?no_esc}
</@layout.emailLayout>
